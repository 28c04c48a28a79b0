package dev.coherent.diffusion;

/** Progress callbacks of training; implementations must be cheap (called once per epoch). */
public interface TrainingListener {
    TrainingListener NONE = (model, epoch, maxEpochs, loss, validationMse) -> {};

    /**
     * Called after every epoch.
     *
     * @param validationMse the validation score when this epoch validated, else {@code NaN}
     */
    void onEpoch(String model, int epoch, int maxEpochs, double loss, double validationMse);

    /** Called once when a model has finished (possibly early). */
    default void onFinished(TrainedDenoiser result, int maxEpochs) {}
}
