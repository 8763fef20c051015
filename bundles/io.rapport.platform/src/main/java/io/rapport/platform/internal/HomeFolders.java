package io.rapport.platform.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.api.RapportHome;

/** Creates the home's folders on start, so that a fresh home needs no preparation. */
@Component(immediate = true, service = {})
public class HomeFolders {
    private static final Logger LOG = LoggerFactory.getLogger(HomeFolders.class);

    @Activate
    public HomeFolders(BundleContext context) throws IOException {
        Path home = RapportHome.home(context);
        for (String folder : new String[] { "data", "deploy", "etc" }) {
            Files.createDirectories(home.resolve(folder));
        }
        LOG.info("Rapport home: {} (data/, deploy/ watched for bundles, etc/ watched for configuration)", home);
    }
}
