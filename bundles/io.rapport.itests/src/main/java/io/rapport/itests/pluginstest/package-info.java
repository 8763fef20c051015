/** Classes of the hand-made plugin bundles PluginsIT installs (copied into those bundles, never exported). */
package io.rapport.itests.pluginstest;
