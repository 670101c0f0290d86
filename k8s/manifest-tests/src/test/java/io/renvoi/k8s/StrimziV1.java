package io.renvoi.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The properties of a Strimzi model class that the {@code kafka.strimzi.io/v1} API does not have: Strimzi's
 * classes serve every API version and mark version-bound properties with {@code @PresentInVersions} (e.g.
 * {@code "v1beta2"} on {@code KafkaClusterSpec.storage}). That annotation's class is not published, so reflection
 * cannot see it; this reads it from the class files with ASM. A property is in v1 when a version range names v1
 * or is open-ended ({@code v1beta2+}).
 */
final class StrimziV1 {
    private static final String PRESENT_IN = "Lio/strimzi/crdgenerator/annotations/PresentInVersions;";
    private static final Map<Class<?>, Set<String>> CACHE = new ConcurrentHashMap<>();

    private StrimziV1() {}

    /** Property names (from getter names) of {@code type} and its superclasses that v1 lacks. */
    static Set<String> absentInV1(Class<?> type) {
        return CACHE.computeIfAbsent(type, StrimziV1::read);
    }

    static boolean presentInV1(String versions) {
        for (String part : versions.split(",")) {
            String p = part.trim();
            if (p.equals("v1") || p.endsWith("+") || p.endsWith("-v1")) return true;
        }
        return false;
    }

    private static Set<String> read(Class<?> type) {
        Set<String> absent = new HashSet<>();
        for (Class<?> c = type; c != null && c.getName().startsWith("io.strimzi"); c = c.getSuperclass()) {
            String resource = "/" + c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getResourceAsStream(resource)) {
                if (in == null) continue;
                new ClassReader(in)
                        .accept(
                                new ClassVisitor(Opcodes.ASM9) {
                                    @Override
                                    public MethodVisitor visitMethod(
                                            int access, String name, String d, String s, String[] e) {
                                        return new MethodVisitor(Opcodes.ASM9) {
                                            @Override
                                            public AnnotationVisitor visitAnnotation(
                                                    String descriptor, boolean visible) {
                                                if (!descriptor.equals(PRESENT_IN)) return null;
                                                return new AnnotationVisitor(Opcodes.ASM9) {
                                                    @Override
                                                    public void visit(String key, Object value) {
                                                        if ("value".equals(key)
                                                                && !presentInV1(String.valueOf(value))) {
                                                            absent.add(property(name));
                                                        }
                                                    }
                                                };
                                            }
                                        };
                                    }
                                },
                                ClassReader.SKIP_CODE);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return absent;
    }

    private static String property(String getter) {
        String base =
                getter.startsWith("get") ? getter.substring(3) : getter.startsWith("is") ? getter.substring(2) : getter;
        return base.isEmpty() ? base : Character.toLowerCase(base.charAt(0)) + base.substring(1);
    }
}
