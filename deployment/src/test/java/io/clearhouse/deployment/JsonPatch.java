package io.clearhouse.deployment;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** RFC 6902 add, replace and remove on a YAML tree of maps and lists (all that the overlays use). */
final class JsonPatch {

    private JsonPatch() {
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> doc, Map<String, Object> op) {
        String kind = String.valueOf(op.get("op"));
        if (!Set.of("add", "replace", "remove").contains(kind)) {
            throw new IllegalArgumentException("unsupported patch op " + kind);
        }
        String path = String.valueOf(op.get("path"));
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("bad path " + path);
        }
        String[] tokens = path.substring(1).split("/", -1);
        Object parent = doc;
        for (int i = 0; i < tokens.length - 1; i++) {
            parent = child(parent, unescape(tokens[i]), path);
        }
        String last = unescape(tokens[tokens.length - 1]);
        Object value = op.get("value");
        if (parent instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (!kind.equals("add") && !map.containsKey(last)) {
                throw new IllegalArgumentException(kind + " " + path + ": no such member");
            }
            if (kind.equals("remove")) {
                map.remove(last);
            } else {
                map.put(last, value);
            }
        } else if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            if (kind.equals("add") && last.equals("-")) {
                list.add(value);
                return;
            }
            int index = Integer.parseInt(last);
            switch (kind) {
                case "add" -> list.add(index, value);
                case "replace" -> list.set(index, value);
                default -> list.remove(index);
            }
        } else {
            throw new IllegalArgumentException(path + ": parent is not a container");
        }
    }

    private static Object child(Object node, String token, String path) {
        Object next = node instanceof Map<?, ?> m ? m.get(token)
                : node instanceof List<?> l ? l.get(Integer.parseInt(token)) : null;
        if (next == null) {
            throw new IllegalArgumentException(path + ": '" + token + "' does not exist");
        }
        return next;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
