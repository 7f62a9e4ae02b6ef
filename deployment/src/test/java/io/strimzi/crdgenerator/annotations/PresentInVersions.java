package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stand-in with the name and shape of Strimzi's own annotation (module crd-annotations, which Strimzi
 * does not publish to Maven Central): with it on the classpath, reflection can read the API versions
 * each property of Strimzi's model classes exists in. One class serves several versions
 * (v1beta2 and v1), so ModelCheck refuses a property that is absent from kafka.strimzi.io/v1.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
public @interface PresentInVersions {
    String value();
}
