package io.strata.cluster;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;

import java.io.IOException;
import java.util.Map;

/**
 * A debugger attached (JDI over JDWP's socket) to a process started with
 * {@link #agentArg(int) the JDWP agent}: it suspends and resumes one named thread of that process,
 * the way a thread wedged in a call that never returns stops, while every other thread runs on.
 * Closing detaches, which resumes whatever is still suspended. Not thread-safe; one test at a time.
 */
final class DebuggerThreads implements AutoCloseable {

    private final VirtualMachine vm;

    private DebuggerThreads(VirtualMachine vm) {
        this.vm = vm;
    }

    /** The JVM option that makes a process listen for a debugger on 127.0.0.1:{@code port}, without waiting for one. */
    static String agentArg(int port) {
        return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port;
    }

    static DebuggerThreads attach(int port) throws IOException {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow(() -> new IllegalStateException("this JDK has no JDI socket connector"));
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        try {
            return new DebuggerThreads(socket.attach(arguments));
        } catch (IllegalConnectorArgumentsException e) {
            throw new IllegalStateException("bad JDI arguments " + arguments, e);
        }
    }

    /** Suspends the live thread named {@code name}; fails when the process has none. */
    ThreadReference suspend(String name) {
        ThreadReference thread = vm.allThreads().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named '" + name + "' in " + vm.name()));
        thread.suspend();
        return thread;
    }

    @Override
    public void close() {
        vm.dispose();
    }
}
