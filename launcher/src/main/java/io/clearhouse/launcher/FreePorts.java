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
