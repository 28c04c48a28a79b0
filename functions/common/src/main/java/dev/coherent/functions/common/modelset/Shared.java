package dev.coherent.functions.common.modelset;

/**
 * A resource lent to any number of users at once and closed exactly once: when it has been
 * retired and the last user has given it back. How a replaced model set stays open for the
 * requests that started on it.
 */
final class Shared<T extends AutoCloseable> {
    private final T value;
    private int users;
    private boolean retired;
    private boolean closed;

    Shared(T value) {
        this.value = value;
    }

    T value() {
        return value;
    }

    /** Takes a use; false once retired (the caller then looks for the resource that replaced it). */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    /** Gives a use back; the last one closes a retired resource. */
    synchronized void release() {
        if (--users == 0 && retired) {
            close();
        }
    }

    /** No new uses; closes now if nobody uses it, else when the last user gives it back. */
    synchronized void retire() {
        retired = true;
        if (users == 0) {
            close();
        }
    }

    private void close() {
        if (!closed) {
            closed = true;
            try {
                value.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + value, e);
            }
        }
    }
}
