package dev.coherent.functions.imputation;

import dev.coherent.functions.common.config.FunctionConfig;
import io.quarkus.test.Mock;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Step Functions for the tests: records every StartExecution and, like Step Functions, refuses a
 * second execution of the same name. Only reached where a test profile sets a state machine ARN.
 */
@Mock
public class RecordingStateMachineStarter extends StateMachineStarter {
    /** (state machine ARN, name, input) of every execution started. */
    static final List<List<String>> STARTED = new CopyOnWriteArrayList<>();

    /** For the client proxy of the (inherited) application scope. */
    RecordingStateMachineStarter() {
        super(null, null);
    }

    @Inject
    public RecordingStateMachineStarter(FunctionConfig common, DistributedConfig config) {
        super(common, config);
    }

    @Override
    public String start(String stateMachineArn, String name, String input) {
        if (STARTED.stream().anyMatch(s -> s.get(1).equals(name))) {
            throw new AlreadyStarted("Execution Already Exists: '" + name + "'");
        }
        STARTED.add(List.of(stateMachineArn, name, input));
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }
}
