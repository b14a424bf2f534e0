package io.dynamolock.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

class ProcessorRegistrationTest {

    private static final String SERVICE_FILE = "META-INF/services/javax.annotation.processing.Processor";

    @Test
    void buildRegistersTheProcessorInTheServiceFile() throws Exception {
        // target/classes, where the build put the processor and auto-service its registration
        Path classes = Path.of(DynamoLockedProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path serviceFile = classes.resolve(SERVICE_FILE);
        assertTrue(Files.isRegularFile(serviceFile), () -> serviceFile + " is missing");
        List<String> lines = Files.readAllLines(serviceFile, StandardCharsets.UTF_8);
        assertTrue(lines.stream().map(String::trim).anyMatch(DynamoLockedProcessor.class.getName()::equals),
                () -> serviceFile + " does not name the processor: " + lines);
    }

    @Test
    void serviceLoaderFindsTheProcessor() {
        assertTrue(ServiceLoader.load(Processor.class, DynamoLockedProcessor.class.getClassLoader()).stream()
                        .anyMatch(provider -> provider.type() == DynamoLockedProcessor.class),
                "javac's service lookup would not find DynamoLockedProcessor");
    }
}
