package io.rapport.segments.api;

import java.util.List;

/**
 * A page of a segment's members: {@code {"data": [...], "next_cursor": ..., "total": n}}. The items
 * are people ({@code io.rapport.people.api.Person}) or companies ({@code io.rapport.companies.api.Company}).
 */
public final class MembersPage {
    public final List<Object> data;
    public final String nextCursor;
    public final long total;

    public MembersPage(List<?> data, String nextCursor, long total) {
        this.data = List.copyOf(data);
        this.nextCursor = nextCursor;
        this.total = total;
    }
}
