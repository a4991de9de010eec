package jiangxin.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4jDev runs the Neo4j community engine embedded, for development, tests and CI only.
 *
 * <p>Usage: {@code java -cp target/neo4j-dev-1.jar jiangxin.dev.Neo4jDev [port] [dataDir]}.
 * The port defaults to $NEO4J_PORT or 7687. Without a data directory the data lives in a fresh
 * temporary directory that is deleted on shutdown. Bolt listens on 127.0.0.1 only, with
 * authentication disabled and the HTTP connector off. Once Bolt accepts connections the launcher
 * prints a line starting with "NEO4J READY"; SIGTERM or SIGINT shut the engine down cleanly.
 */
public final class Neo4jDev {
    private Neo4jDev() {}

    public static void main(String[] args) throws Exception {
        int port = 7687;
        String env = System.getenv("NEO4J_PORT");
        if (env != null && !env.isBlank()) {
            port = Integer.parseInt(env.trim());
        }
        if (args.length > 0 && !args[0].isBlank()) {
            port = Integer.parseInt(args[0].trim());
        }
        boolean temporary = args.length < 2 || args[1].isBlank();
        Path dir = temporary ? Files.createTempDirectory("neo4j-dev-") : Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(dir);

        long started = System.nanoTime();
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dir);
        // Optional procedure plugins (APOC core for bench/peers): NEO4J_PLUGINS_DIR names a
        // directory of plugin jars; their procedures are allowed unrestricted access.
        String plugins = System.getenv("NEO4J_PLUGINS_DIR");
        if (plugins != null && !plugins.isBlank()) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(plugins.trim()).toAbsolutePath())
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of("apoc.*"));
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J STOPPING");
            try {
                dbms.shutdown();
            } finally {
                if (temporary) {
                    deleteTree(dir);
                }
                System.out.println("NEO4J STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-dev-shutdown"));

        waitForBolt(port);
        System.out.printf("NEO4J READY bolt://127.0.0.1:%d data=%s started_in=%dms%s%n",
                port, dir, (System.nanoTime() - started) / 1_000_000,
                plugins != null && !plugins.isBlank() ? " plugins=" + plugins.trim() : "");
        System.out.flush();
        stopped.await();
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bolt did not open on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("neo4j-dev: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
