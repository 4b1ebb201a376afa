package io.strata.connector;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the module's one {@link StrataTestCluster}: started on first use, kept in the root
 * store of the run, which closes it (an {@code AutoCloseable}) once when the run ends, also when tests failed.
 */
public final class ClusterExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StrataTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(StrataTestCluster.class, key -> StrataTestCluster.start(), StrataTestCluster.class);
    }
}
