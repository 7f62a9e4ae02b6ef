package io.clearhouse.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of kustomize (as in {@code kubectl kustomize}, default load restrictor) that k8s/ uses,
 * so that the overlays can be rendered in a test on a machine without kubectl: resources (files and
 * kustomization directories), namespace, images (newTag/newName/digest), inline JSON 6902 patches
 * with a kind/name target, and configMapGenerator with files and disableNameSuffixHash. Anything else
 * in a kustomization.yaml is refused, so that a file using a feature this renderer does not know fails
 * the test instead of being rendered wrongly. See docs/decisions/k8s-validation.md.
 */
final class Kustomize {

    private static final Set<String> KEYS = Set.of("apiVersion", "kind", "namespace", "resources", "images",
            "patches", "configMapGenerator");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "ClusterIssuer", "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir}: the objects kubectl kustomize would print. */
    static List<Map<String, Object>> build(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        Path file = root.resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + root);
        }
        Map<String, Object> k = Repo.yaml().load(Repo.read(file));
        for (String key : k.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": '" + key + "' is not supported by this renderer");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path p = root.resolve(r.toString()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(build(p));
            } else {
                objects.addAll(load(inside(root, p, file)));
            }
        }
        for (Object g : list(k.get("configMapGenerator"))) {
            objects.add(configMap(root, file, map(g)));
        }
        for (Object p : list(k.get("patches"))) {
            patch(objects, map(p), file);
        }
        for (Object i : list(k.get("images"))) {
            image(objects, map(i));
        }
        if (k.get("namespace") != null) {
            String ns = k.get("namespace").toString();
            for (Map<String, Object> o : objects) {
                if (!CLUSTER_SCOPED.contains(o.get("kind"))) {
                    map(o.get("metadata")).put("namespace", ns);
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> o : objects) {
            String id = o.get("apiVersion") + "/" + o.get("kind") + "/" + map(o.get("metadata")).get("namespace")
                    + "/" + map(o.get("metadata")).get("name");
            if (!ids.add(id)) {
                throw new IllegalStateException(file + ": " + id + " is defined twice");
            }
        }
        return objects;
    }

    /** Every YAML document of a file that is not empty. */
    static List<Map<String, Object>> load(Path file) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : Repo.yaml().loadAll(Repo.read(file))) {
            if (doc != null) {
                out.add(map(doc));
            }
        }
        return out;
    }

    /** The default load restrictor: a file must be in or below the kustomization's directory. */
    private static Path inside(Path root, Path p, Path kustomization) {
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(kustomization + ": " + p + " is outside " + root
                    + " (kubectl kustomize refuses it without --load-restrictor LoadRestrictionsNone)");
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(kustomization + ": no file " + p);
        }
        return p;
    }

    private static Map<String, Object> configMap(Path root, Path file, Map<String, Object> g) {
        for (String key : g.keySet()) {
            if (!Set.of("name", "files", "options").contains(key)) {
                throw new IllegalArgumentException(file + ": configMapGenerator." + key + " is not supported");
            }
        }
        Map<String, Object> options = g.get("options") == null ? Map.of() : map(g.get("options"));
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            // with a hash suffix every reference to the ConfigMap would have to be rewritten
            throw new IllegalArgumentException(file + ": configMapGenerator needs options.disableNameSuffixHash here");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", g.get("name"));
        if (options.get("labels") != null) {
            metadata.put("labels", new LinkedHashMap<>(map(options.get("labels"))));
        }
        if (options.get("annotations") != null) {
            metadata.put("annotations", new LinkedHashMap<>(map(options.get("annotations"))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object f : list(g.get("files"))) {
            String entry = f.toString();
            int eq = entry.indexOf('=');
            String key = eq < 0 ? Path.of(entry).getFileName().toString() : entry.substring(0, eq);
            Path p = inside(root, root.resolve(eq < 0 ? entry : entry.substring(eq + 1)).normalize(), file);
            data.put(key, Repo.read(p));
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", metadata);
        cm.put("data", data);
        return cm;
    }

    private static void patch(List<Map<String, Object>> objects, Map<String, Object> p, Path file) {
        if (!p.keySet().equals(Set.of("target", "patch"))) {
            throw new IllegalArgumentException(file + ": only inline patches with a target are supported: " + p.keySet());
        }
        Map<String, Object> target = map(p.get("target"));
        if (!Set.of("kind", "name").containsAll(target.keySet())) {
            throw new IllegalArgumentException(file + ": patch targets by kind and name only: " + target.keySet());
        }
        Object ops = Repo.yaml().load(p.get("patch").toString());
        if (!(ops instanceof List<?>)) {
            throw new IllegalArgumentException(file + ": only JSON 6902 patches (a list of operations) are supported");
        }
        int matched = 0;
        for (Map<String, Object> o : objects) {
            if (target.get("kind").equals(o.get("kind"))
                    && (target.get("name") == null || target.get("name").equals(map(o.get("metadata")).get("name")))) {
                matched++;
                for (Object op : (List<?>) ops) {
                    JsonPatch.apply(o, map(op));
                }
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(file + ": patch target " + target + " matches nothing");
        }
    }

    private static void image(List<Map<String, Object>> objects, Map<String, Object> i) {
        if (!Set.of("name", "newName", "newTag", "digest").containsAll(i.keySet())) {
            throw new IllegalArgumentException("images: unsupported keys " + i.keySet());
        }
        for (Map<String, Object> o : objects) {
            replaceImages(o, i);
        }
    }

    private static void replaceImages(Object node, Map<String, Object> i) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue() instanceof List<?> l) {
                    for (Object c : l) {
                        Map<String, Object> container = map(c);
                        String image = String.valueOf(container.get("image"));
                        String name = image.replaceAll("(@.*|:[^:/]*)$", "");
                        if (name.equals(i.get("name"))) {
                            String newName = i.get("newName") == null ? name : i.get("newName").toString();
                            String suffix = i.get("digest") != null ? "@" + i.get("digest")
                                    : i.get("newTag") != null ? ":" + i.get("newTag") : image.substring(name.length());
                            container.put("image", newName + suffix);
                        }
                    }
                }
                replaceImages(e.getValue(), i);
            }
        } else if (node instanceof List<?> l) {
            l.forEach(x -> replaceImages(x, i));
        }
    }

    static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping, got " + o);
        }
        return (Map<String, Object>) o;
    }

    /** Writes the rendered objects as kubectl kustomize would print them (for a person to read). */
    static String toYaml(List<Map<String, Object>> objects) {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> o : objects) {
            out.append("---\n").append(new org.yaml.snakeyaml.Yaml().dump(o));
        }
        return out.toString();
    }

    static void write(Path file, List<Map<String, Object>> objects) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toYaml(objects));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
