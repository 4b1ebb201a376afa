package io.strata.connector.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;

/**
 * The extension's build steps in every launch mode: it names its feature ({@value #FEATURE}, listed
 * in the start-up line "Installed features"). Dev Services, in dev and test mode only, are
 * {@link io.strata.connector.deployment.devservices.StrataDevServicesProcessor}'s.
 */
public class StrataConnectorProcessor {

    /** The extension's feature name. */
    public static final String FEATURE = "strata-connector";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }
}
