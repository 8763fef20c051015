package io.rapport.timeline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rapport.companies.api.CompanyEvents;
import io.rapport.people.api.PeopleEvents;
import io.rapport.persistence.api.Change;
import io.rapport.platform.api.Models;

/** What a change looks like on the timelines it belongs to: one or more entries, each on one profile. */
final class EntryMapper {
    private EntryMapper() {
    }

    static final class Draft {
        final String model;
        final String subjectId;
        final String type;
        final String summary;
        final Map<String, Object> data;

        Draft(String model, String subjectId, String type, String summary, Map<String, Object> data) {
            this.model = model;
            this.subjectId = subjectId;
            this.type = type;
            this.summary = summary.length() > 500 ? summary.substring(0, 497) + "..." : summary;
            this.data = data;
        }
    }

    /** Whether the change deletes a profile (its timeline goes with it). */
    static boolean isDeletion(Change c) {
        return c.topic.equals(PeopleEvents.DELETED) || c.topic.equals(CompanyEvents.DELETED);
    }

    static List<Draft> entries(Change c) {
        List<Draft> out = new ArrayList<>();
        if (!Models.PERSON.equals(c.model) && !Models.COMPANY.equals(c.model) && c.model != null) {
            return out; // timelines are people's and companies' (a conversation's attributes, its deletion)
        }
        String kind = c.topic.substring(c.topic.lastIndexOf('/') + 1);
        String domain = c.topic.startsWith("rapport/") ? c.topic.substring(8, c.topic.lastIndexOf('/')) : c.topic;
        Map<String, Object> d = c.data;
        switch (domain + "/" + kind) {
            case "people/CREATED":
            case "companies/CREATED": {
                Map<String, Object> entity = map(d.get("entity"));
                out.add(new Draft(c.model, c.subjectId, "created",
                        (Models.PERSON.equals(c.model) ? "Person" : "Company") + " created" + named(entity.get("name")),
                        pick(entity, "name", "emails", "domain")));
                break;
            }
            case "people/UPDATED":
            case "companies/UPDATED":
                for (Map.Entry<String, Object> change : map(d.get("changes")).entrySet()) {
                    Map<String, Object> oldNew = map(change.getValue());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("field", change.getKey());
                    data.put("old", oldNew.get("old"));
                    data.put("new", oldNew.get("new"));
                    out.add(new Draft(c.model, c.subjectId, "field_changed", change.getKey() + " changed from "
                            + show(oldNew.get("old")) + " to " + show(oldNew.get("new")), data));
                }
                break;
            case "companies/LINKED":
            case "companies/UNLINKED": {
                boolean linked = kind.equals("LINKED");
                String company = str(d.get("company_name"));
                String person = str(d.get("person_name"));
                Map<String, Object> data = pick(d, "company_id", "company_name", "person_id", "person_name");
                out.add(new Draft(Models.PERSON, str(d.get("person_id")), linked ? "company_linked" : "company_unlinked",
                        (linked ? "Linked to " : "Unlinked from ") + orId(company, d.get("company_id")), data));
                out.add(new Draft(Models.COMPANY, str(d.get("company_id")), linked ? "person_linked" : "person_unlinked",
                        orId(person, d.get("person_id")) + (linked ? " linked" : " unlinked"), data));
                break;
            }
            case "companies/PERSON_DELETED":
                out.add(new Draft(Models.COMPANY, c.subjectId, "person_deleted",
                        orId(str(d.get("person_name")), d.get("person_id")) + " was deleted and left the company",
                        pick(d, "person_id", "person_name")));
                break;
            case "tags/ADDED":
            case "tags/REMOVED":
                out.add(new Draft(c.model, c.subjectId, kind.equals("ADDED") ? "tag_added" : "tag_removed",
                        (kind.equals("ADDED") ? "Tagged " : "Untagged ") + orId(str(d.get("tag_name")), d.get("tag_id")),
                        pick(d, "tag_id", "tag_name")));
                break;
            case "notes/ADDED":
            case "notes/EDITED":
            case "notes/DELETED": {
                String verb = kind.equals("ADDED") ? "added" : kind.equals("EDITED") ? "edited" : "deleted";
                out.add(new Draft(c.model, c.subjectId, "note_" + verb, "Note " + verb + " by "
                        + orId(str(d.get("author_name")), c.actor) + excerpt(d.get("excerpt")), pick(d, "note_id", "excerpt", "author_name")));
                break;
            }
            case "attributes/SET":
                out.add(new Draft(c.model, c.subjectId, "attribute_set", orId(str(d.get("label")), d.get("key")) + " set from "
                        + show(d.get("old")) + " to " + show(d.get("new")), pick(d, "key", "label", "old", "new")));
                break;
            case "conversations/OPENED":
            case "conversations/MESSAGE_RECEIVED":
            case "conversations/REPLIED":
            case "conversations/CLOSED":
            case "conversations/REOPENED":
            case "conversations/TICKET_MARKED":
            case "conversations/TICKET_UNMARKED": {
                String channel = orId(str(d.get("channel")), "a channel");
                String summary = kind.equals("OPENED") ? "Conversation opened on " + channel
                        : kind.equals("MESSAGE_RECEIVED") ? "Message on " + channel + excerpt(d.get("excerpt"))
                        : kind.equals("REPLIED") ? "Reply by " + orId(str(d.get("author")), c.actor) + excerpt(d.get("excerpt"))
                        : "Conversation on " + channel + (kind.equals("CLOSED") ? " closed" : kind.equals("REOPENED") ? " reopened"
                                : kind.equals("TICKET_MARKED") ? " marked as a ticket" : " no longer a ticket");
                out.add(new Draft(c.model, c.subjectId, "conversations_" + kind.toLowerCase(), summary, d));
                break;
            }
            case "segments/ENTERED":
            case "segments/LEFT":
                out.add(new Draft(c.model, c.subjectId, kind.equals("ENTERED") ? "segments_entered" : "segments_left",
                        (kind.equals("ENTERED") ? "Entered segment '" : "Left segment '")
                                + orId(str(d.get("segment_name")), d.get("segment_id")) + "'",
                        pick(d, "segment_id", "segment_name")));
                break;
            default:
                // Changes of other bundles (plugins) that name a profile still show, in general terms.
                if (c.model != null && c.subjectId != null) {
                    out.add(new Draft(c.model, c.subjectId, (domain + "_" + kind).toLowerCase().replace('/', '_'),
                            domain + " " + kind.toLowerCase(), d));
                }
        }
        out.removeIf(draft -> draft.model == null || draft.subjectId == null || draft.subjectId.isEmpty());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static Map<String, Object> pick(Map<String, Object> from, String... keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : keys) {
            if (from.containsKey(k)) {
                m.put(k, from.get(k));
            }
        }
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static String orId(String name, Object id) {
        return name != null && !name.isBlank() ? name : String.valueOf(id);
    }

    private static String named(Object name) {
        return name == null ? "" : ": " + name;
    }

    private static String excerpt(Object excerpt) {
        if (excerpt == null) {
            return "";
        }
        String e = String.valueOf(excerpt);
        return ": " + (e.length() > 80 ? e.substring(0, 77) + "..." : e);
    }

    private static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        String s;
        if (value instanceof String) {
            s = "'" + value + "'";
        } else if (value instanceof Map || value instanceof java.util.Collection) { // a plugin type's value, a list: as JSON, as the API shows it
            try {
                s = TimelineService.JSON.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                s = String.valueOf(value);
            }
        } else {
            s = String.valueOf(value);
        }
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
