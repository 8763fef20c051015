package io.rapport.plugins.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.api.FieldError;
import io.rapport.plugins.api.PluginManager;
import io.rapport.plugins.api.PluginRefusal;
import io.rapport.plugins.api.PluginRefusedException;
import io.rapport.plugins.internal.Requirements.Unresolved;

/**
 * The recent refused installs and updates, newest first and at most {@link PluginManager#REFUSALS_KEPT},
 * in memory: each refusal is recorded and logged where it is made, and forgotten when its source installs
 * fine or leaves {@code deploy/}.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    private final Deque<PluginRefusal> recent = new ArrayDeque<>();

    synchronized List<PluginRefusal> list() {
        return List.copyOf(recent);
    }

    /** A refusal because bundles do not resolve, in plain words: what each misses and who needs it. */
    PluginRefusedException unresolved(String source, List<Unresolved> why, String tail) {
        List<FieldError> errors = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        for (Unresolved u : why) {
            for (String problem : u.problems) {
                errors.add(new FieldError(u.symbolicName, problem));
            }
            sentences.add(u.name + " " + String.join(", and ", u.problems));
        }
        Unresolved first = why.get(0);
        String version = first.name.substring(first.name.indexOf(' ') + 1);
        return refuse(source, first.symbolicName, version, String.join("; ", sentences) + "." + tail, errors);
    }

    /** Records a refusal, logs it, and answers the exception to throw. */
    PluginRefusedException refuse(String source, String symbolicName, String version, String reason, List<FieldError> errors) {
        PluginRefusal refusal = new PluginRefusal(Instant.now(), source, symbolicName, version, reason, errors);
        synchronized (this) {
            recent.addFirst(refusal);
            while (recent.size() > PluginManager.REFUSALS_KEPT) {
                recent.removeLast();
            }
        }
        LOG.warn("Refused {}: {}", source, reason);
        return new PluginRefusedException(reason, errors);
    }

    /** A source installed fine: its earlier refusals no longer apply (of an upload, only its own bundles'). */
    synchronized void cleared(String source, Set<String> symbolicNames) {
        recent.removeIf(r -> r.source.equals(source)
                && (!PluginManagerImpl.UPLOAD_SOURCE.equals(source) || r.symbolicName == null || symbolicNames.contains(r.symbolicName)));
    }

    /** Every refusal of a source (a deploy/ file that is gone). */
    synchronized void forget(String source) {
        recent.removeIf(r -> r.source.equals(source));
    }
}
