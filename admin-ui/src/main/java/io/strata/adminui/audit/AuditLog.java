package io.strata.adminui.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes audit records to the audit topic ({@code strata.admin-ui.audit.topic}, default
 * {@code __strata_audit}) through the gateway, as the console's own user, to partition 0 (the topic
 * has one partition, so its order is the order of the records), after {@code acks=all}.
 *
 * <p>The topic is created on first use with one partition, the cluster's replication factor and
 * {@code retention.ms} of {@code audit.retention} (365 days); one that exists is used as it is.
 *
 * <p><b>When a record cannot be written</b> the action has already happened (the outcome is part
 * of the record), so the console does not undo it or refuse it after the fact: it logs the whole
 * record at ERROR ("AUDIT RECORD NOT WRITTEN", searchable, the record's JSON in the line) and counts
 * it in {@code strata_admin_ui_audit_failures_total}, which an alert should watch — as Kafka's
 * authorizer logs keep going when a log appender fails. Refusing every action while the audit
 * topic is unavailable would turn a gateway hiccup into a console outage, including the sign-in.
 *
 * <p>Thread-safe: the gateway client is; topic creation is tried until it once succeeds.
 */
@Singleton
public class AuditLog {

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final AdminUiConfig config;
    private final GatewayClient gateway;
    private final Counter failures;
    private final AtomicBoolean topicReady = new AtomicBoolean();

    @Inject
    public AuditLog(AdminUiConfig config, GatewayClient gateway, MeterRegistry registry) {
        this.config = config;
        this.gateway = gateway.asConsole();
        this.failures = Counter.builder("strata.admin.ui.audit.failures")
                .description("Audit records the console could not write to the audit topic").register(registry);
        if (config.auditEnabled() && config.auth().enabled() && !gateway.hasConsoleUser()) {
            throw new IllegalStateException("strata.admin-ui.auth.enabled with the audit log needs the console's own gateway user "
                    + "(strata.admin-ui.gateway-username and gateway-password) to write the audit topic "
                    + config.audit().topic() + "; set them, or turn the audit off with strata.admin-ui.audit.enabled=false");
        }
    }

    /** Writes the record, or logs it loudly when it cannot be written (see the class comment); never throws. */
    public void record(AuditRecord record) {
        if (!config.auditEnabled()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "audit {0}", record.toJson());
        try {
            maybeCreateTopic();
            var body = GatewayClient.object();
            body.putArray("records").addObject()
                    .put("key", base64(record.user()))
                    .put("value", base64(record.toJson()));
            gateway.produce(config.audit().topic(), 0, body);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.log(System.Logger.Level.ERROR, "AUDIT RECORD NOT WRITTEN to topic " + config.audit().topic() + ": "
                    + record.toJson() + " (" + e.getMessage() + ")");
        }
    }

    private void maybeCreateTopic() {
        if (topicReady.get()) {
            return;
        }
        try {
            gateway.topic(config.audit().topic());
        } catch (ConsoleProblem missing) {
            if (missing.status() != 404 && !"UNKNOWN_TOPIC_OR_PARTITION".equals(missing.errorCode())) {
                throw missing;
            }
            var request = GatewayClient.object().put("name", config.audit().topic()).put("partitions", 1);
            request.putObject("configs").put("retention.ms", Long.toString(config.audit().retention().toMillis()));
            try {
                gateway.createTopic(request);
                LOG.log(System.Logger.Level.INFO, "created the audit topic " + config.audit().topic());
            } catch (ConsoleProblem raced) {
                if (!"TOPIC_ALREADY_EXISTS".equals(raced.errorCode())) {
                    throw raced;
                }
            }
        }
        topicReady.set(true);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
