package io.rapport.search.internal;

import io.rapport.platform.search.FieldType;

/** The searchable fields of one model at the moment of planning. */
interface Schema {
    /** The field's type, or null when it is not searchable now. */
    FieldType type(String field);

    /** Why a field is not searchable now, as the message of a 400 on it. */
    String unavailable(String field);
}
