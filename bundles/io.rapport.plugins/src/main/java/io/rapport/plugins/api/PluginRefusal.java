package io.rapport.plugins.api;

import java.time.Instant;
import java.util.List;

import io.rapport.platform.api.FieldError;

/** An install or update that was refused, and why. */
public final class PluginRefusal {
    public final Instant time;
    /** What was refused: {@code deploy/<file>}, {@code upload} (or the uploaded file's name) or {@code feature:<name>}. */
    public final String source;
    /** The bundle refused, when known. */
    public final String symbolicName;
    public final String version;
    /** The reason in plain words, e.g. "io.example.sms 1.0.0 needs package com.twilio.sdk ..., which no installed bundle provides". */
    public final String reason;
    /** One entry per bundle and problem: {@code field} is the bundle's symbolic name. */
    public final List<FieldError> errors;

    public PluginRefusal(Instant time, String source, String symbolicName, String version, String reason, List<FieldError> errors) {
        this.time = time;
        this.source = source;
        this.symbolicName = symbolicName;
        this.version = version;
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    @Override
    public String toString() {
        return time + " " + source + ": " + reason;
    }
}
