package kb.es;

import org.apache.logging.log4j.LogManager;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs one Elasticsearch node in this JVM (no forking CLI) from the jars Maven copied, until SIGTERM. */
public final class Launcher {

    private Launcher() {}

    /**
     * Starts the node; arguments are {@code -Ename=value} node settings, as for Elasticsearch's own
     * {@code bin/elasticsearch}; {@code -Dkb.es.config} names the config folder and {@code -Dkb.es.modules}
     * the folder of modules (transport-netty4, kb-node).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("-E") == false || eq < 0) {
                throw new IllegalArgumentException("expected -Ename=value, got [" + arg + "]");
            }
            settings.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path config = Path.of(System.getProperty("kb.es.config")).toAbsolutePath();
        Path modules = Path.of(System.getProperty("kb.es.modules")).toAbsolutePath();

        // Elasticsearch's logging facade needs its implementation before any server class logs, and reading
        // elasticsearch.yml already does (the JSON/YAML parser is loaded through a logged provider lookup).
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureESLogging();

        // The same settings resolution as the distribution: elasticsearch.yml in the config folder, then -E overrides.
        Environment environment = InternalSettingsPreparer.prepareEnvironment(Settings.EMPTY, settings, config, () -> "node-1");

        // Then log4j itself, from config/log4j2.properties: everything after this logs to path.logs.
        LogConfigurator.setClusterName(environment.settings().get("cluster.name", "elasticsearch"));
        LogConfigurator.setNodeName(environment.settings().get("node.name"));
        LogConfigurator.configure(environment, false);

        // Modules are loaded from their folders (each in its own class loader), not from the class path.
        PluginsLoader plugins = PluginsLoader.createPluginsLoader(PluginsLoader.loadModulesBundles(modules), Set.of(), Map.of());
        Node node = new Node(environment, plugins);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, stopped), "kb-es-shutdown"));
        try {
            node.start();
        } catch (Throwable failure) {
            LogManager.getLogger(Launcher.class).error("the node failed to start", failure);
            failure.printStackTrace();
            System.exit(1);
        }
        // The node's threads are daemons: this thread keeps the JVM alive until the shutdown hook has closed it.
        stopped.await();
    }

    /** Closes the node the way Elasticsearch's shutdown hook does, then flushes the logs. */
    private static void stop(Node node, CountDownLatch stopped) {
        try {
            node.prepareForClose();
            node.close();
            if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                LogManager.getLogger(Launcher.class).warn("the node did not close within 30 s");
            }
        } catch (Exception e) {
            LogManager.getLogger(Launcher.class).error("failed to stop the node cleanly", e);
        } finally {
            LogManager.shutdown();  // -Dlog4j.shutdownHookEnabled=false leaves this to us, after the node's last words
            stopped.countDown();
        }
    }
}
