package io.clearhouse.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports for a stack of its own (the chaos run's, the tests'). */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * {@code n} distinct ports free at the time of the call. All are held open until every one is
     * chosen: closing each before asking for the next lets the system hand the same port out twice,
     * and two components of one stack on one port fail its start.
     */
    /**
     * The same stack on free ports and its own data directory: every service's, the console's,
     * PostgreSQL's and Kafka's (its broker and controller).
     */
    public static StackConfig stackOn(StackConfig base, java.nio.file.Path dataDir) throws IOException {
        List<String> parts = new ArrayList<>(base.servicePorts().keySet());
        List<Integer> free = take(parts.size() + 3);
        java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (String part : parts) {
            ports.put(part, free.get(ports.size()));
        }
        return base.withDataDirAndPorts(dataDir, free.get(parts.size()), free.get(parts.size() + 1),
                free.get(parts.size() + 2), ports);
    }

    public static List<Integer> take(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
