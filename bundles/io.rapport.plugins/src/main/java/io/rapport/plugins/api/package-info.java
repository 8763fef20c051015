/**
 * The plugin manager: what is installed beside the core, hot deploy from {@code deploy/}, features
 * (OSGi Feature JSON, Compendium R8 chapter 159), and installs that are resolved before anything starts
 * and refused, with the missing requirements in plain words, when they cannot resolve.
 */
@Export
@Version("2.0.0")
package io.rapport.plugins.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
