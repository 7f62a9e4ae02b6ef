# One image recipe for every service: docker build --build-arg SERVICE=ingest .
# Build the jars first (./mvnw -DskipTests package); the image only packages them.
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --system --uid 10001 clearhouse
COPY ${SERVICE}-service/target/${SERVICE}-service-exec.jar /app/app.jar
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
