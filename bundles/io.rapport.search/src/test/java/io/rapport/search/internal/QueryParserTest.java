package io.rapport.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.rapport.platform.api.Problem;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.FieldType;

class QueryParserTest {
    static final Map<String, FieldType> FIELDS = Map.of("name", FieldType.TEXT, "emails", FieldType.TEXT_LIST, "size", FieldType.NUMBER,
            "created_at", FieldType.INSTANT, "vip", FieldType.BOOLEAN, "attributes.plan", FieldType.TEXT);

    static final Schema SCHEMA = new Schema() {
        @Override
        public FieldType type(String field) {
            return FIELDS.get(field);
        }

        @Override
        public String unavailable(String field) {
            return "tags".equals(field) ? "the field 'tags' is provided by io.rapport.tags, which is not running" : "unknown field '" + field + "'";
        }
    };

    private static QueryNode parse(String json) {
        return QueryParser.query(Json.parse(json), SCHEMA, "query", new LinkedHashSet<>());
    }

    /** The errors of a query, as "path: message". */
    private static List<String> errors(String json) {
        DomainException e = assertThrows(DomainException.class, () -> parse(json));
        assertEquals(400, Problem.statusOf(e));
        return e.errors.stream().map(f -> f.field + ": " + f.message).collect(Collectors.toList());
    }

    private static String error(String json) {
        List<String> e = errors(json);
        assertEquals(1, e.size(), e.toString());
        return e.get(0);
    }

    private static List<String> bodyErrors(String json) {
        DomainException e = assertThrows(DomainException.class, () -> QueryParser.body(Json.object(json), SCHEMA));
        return e.errors.stream().map(FieldError::toString).collect(Collectors.toList());
    }

    @Test
    void everyOperatorOfEveryType() {
        String[] ok = {
                "{'field':'name','operator':'=','value':'Ada'}", "{'field':'name','operator':'!=','value':'Ada'}",
                "{'field':'name','operator':'in','value':['a','b']}", "{'field':'name','operator':'not_in','value':['a']}",
                "{'field':'name','operator':'contains','value':'d'}", "{'field':'name','operator':'not_contains','value':'d'}",
                "{'field':'name','operator':'starts_with','value':'A'}", "{'field':'name','operator':'ends_with','value':'a'}",
                "{'field':'name','operator':'is_present'}", "{'field':'name','operator':'is_absent','value':null}",
                "{'field':'emails','operator':'contains','value':'@acme'}", "{'field':'emails','operator':'in','value':['x@y.z']}",
                "{'field':'size','operator':'=','value':5}", "{'field':'size','operator':'!=','value':5.5}",
                "{'field':'size','operator':'in','value':[1,2.5]}", "{'field':'size','operator':'not_in','value':[1]}",
                "{'field':'size','operator':'>','value':1}", "{'field':'size','operator':'>=','value':1}",
                "{'field':'size','operator':'<','value':1}", "{'field':'size','operator':'<=','value':1}",
                "{'field':'size','operator':'between','value':[1,10]}", "{'field':'size','operator':'is_present'}",
                "{'field':'created_at','operator':'=','value':'2026-01-01'}", "{'field':'created_at','operator':'!=','value':'2026-01-01T10:00:00Z'}",
                "{'field':'created_at','operator':'>','value':'2026-01-01'}", "{'field':'created_at','operator':'>=','value':'2026-01-01T10:00:00+02:00'}",
                "{'field':'created_at','operator':'<','value':'2026-01-01'}", "{'field':'created_at','operator':'<=','value':'2026-01-01'}",
                "{'field':'created_at','operator':'between','value':['2026-01-01','2026-02-01']}", "{'field':'created_at','operator':'is_absent'}",
                "{'field':'vip','operator':'=','value':true}", "{'field':'vip','operator':'!=','value':false}", "{'field':'vip','operator':'is_present'}" };
        for (String q : ok) {
            QueryNode n = parse(q);
            assertTrue(n instanceof QueryNode.Condition, q);
        }
    }

    @Test
    void datesCoverTheirWholeDay() {
        long start = 1767225600L * 1_000_000L; // 2026-01-01T00:00:00Z
        long end = start + 86_400_000_000L - 1;
        InstantMatcher eq = (InstantMatcher) ((QueryNode.Condition) parse("{'field':'created_at','operator':'=','value':'2026-01-01'}")).matcher;
        assertEquals(start, eq.low[0]);
        assertEquals(end, eq.high[0]);
        InstantMatcher gt = (InstantMatcher) ((QueryNode.Condition) parse("{'field':'created_at','operator':'>','value':'2026-01-01'}")).matcher;
        assertEquals(end + 1, gt.low[0]);
        InstantMatcher le = (InstantMatcher) ((QueryNode.Condition) parse("{'field':'created_at','operator':'<=','value':'2026-01-01'}")).matcher;
        assertEquals(end, le.high[0]);
        InstantMatcher lt = (InstantMatcher) ((QueryNode.Condition) parse("{'field':'created_at','operator':'<','value':'2026-01-01'}")).matcher;
        assertEquals(start - 1, lt.high[0]);
        InstantMatcher instant = (InstantMatcher) ((QueryNode.Condition) parse("{'field':'created_at','operator':'>=','value':'2026-01-01T00:00:00.000001Z'}")).matcher;
        assertEquals(start + 1, instant.low[0]);
        InstantMatcher between = (InstantMatcher) ((QueryNode.Condition) parse("{'field':'created_at','operator':'between','value':['2026-01-01','2026-01-01']}")).matcher;
        assertEquals(start, between.low[0]);
        assertEquals(end, between.high[0]);
    }

    @Test
    void textValuesAreLowerCased() {
        TextMatcher m = (TextMatcher) ((QueryNode.Condition) parse("{'field':'name','operator':'in','value':['ADA','Bob']}")).matcher;
        assertEquals(Set.of("ada", "bob"), m.values);
    }

    @Test
    void groupsNestAndCollectTheirFields() {
        Set<String> fields = new LinkedHashSet<>();
        QueryNode n = QueryParser.query(Json.parse("{'and':[{'field':'name','operator':'=','value':'a'},{'or':[{'field':'size','operator':'>','value':1},"
                + "{'and':[{'field':'vip','operator':'=','value':true},{'field':'emails','operator':'is_present'}]}]}]}"), SCHEMA, "query", fields);
        assertTrue(n instanceof QueryNode.Group && ((QueryNode.Group) n).and);
        assertEquals(Set.of("name", "size", "vip", "emails"), fields);
        assertNull(QueryParser.query(null, SCHEMA, "query", fields), "no query matches everything");
    }

    @Test
    void unknownAndUnavailableFieldsAreNamed() {
        assertEquals("query.field: unknown field 'nope'", error("{'field':'nope','operator':'=','value':'a'}"));
        assertEquals("query.and[1].field: the field 'tags' is provided by io.rapport.tags, which is not running",
                error("{'and':[{'field':'name','operator':'=','value':'a'},{'field':'tags','operator':'=','value':'vip'}]}"));
        assertEquals("query.field: is required: the field to compare", error("{'operator':'=','value':'a'}"));
        assertEquals("query.field: must be a field name, was 5", error("{'field':5,'operator':'=','value':'a'}"));
    }

    @Test
    void operatorsMustExistAndFitTheType() {
        assertEquals("query.operator: unknown operator 'like'; operators are " + Op.all(), error("{'field':'name','operator':'like','value':'a'}"));
        assertEquals("query.operator: is required; operators are " + Op.all(), error("{'field':'name','value':'a'}"));
        assertEquals("query.and[0].operator: '>' does not apply to 'name' (TEXT); its operators are =, !=, in, not_in, contains, not_contains, starts_with, ends_with, is_present, is_absent",
                error("{'and':[{'field':'name','operator':'>','value':'a'}]}"));
        assertEquals("query.operator: 'contains' does not apply to 'size' (NUMBER); its operators are =, !=, in, not_in, >, >=, <, <=, between, is_present, is_absent",
                error("{'field':'size','operator':'contains','value':'1'}"));
        assertEquals("query.operator: 'in' does not apply to 'created_at' (INSTANT); its operators are =, !=, >, >=, <, <=, between, is_present, is_absent",
                error("{'field':'created_at','operator':'in','value':['2026-01-01']}"));
        assertEquals("query.operator: '>' does not apply to 'vip' (BOOLEAN); its operators are =, !=, is_present, is_absent",
                error("{'field':'vip','operator':'>','value':true}"));
    }

    @Test
    void valuesMustBeOfTheRightKind() {
        assertEquals("query.value: must be a non-empty string for '=', was 5", error("{'field':'name','operator':'=','value':5}"));
        assertTrue(error("{'field':'name','operator':'=','value':''}").endsWith("to find subjects without a value use is_absent"));
        assertEquals("query.value: is required for 'contains' (a non-empty string)", error("{'field':'name','operator':'contains'}"));
        assertEquals("query.value: must be a non-empty list for 'in' (a list of non-empty strings), was a string",
                error("{'field':'name','operator':'in','value':'a'}"));
        assertEquals("query.value: must be a non-empty list for 'not_in' (a list of non-empty strings), was an empty list",
                error("{'field':'name','operator':'not_in','value':[]}"));
        assertEquals("query.value[1]: must be a non-empty string, was 2", error("{'field':'name','operator':'in','value':['a',2]}"));
        assertEquals("query.value: must be a number for '>', was '5'", error("{'field':'size','operator':'>','value':'5'}"));
        assertEquals("query.value[0]: must be a number, was 'x'", error("{'field':'size','operator':'in','value':['x']}"));
        assertEquals("query.value: must be a list of two numbers [from, to], both included, was 5", error("{'field':'size','operator':'between','value':5}"));
        assertEquals("query.value: must be a list of two numbers [from, to], both included, was a list", error("{'field':'size','operator':'between','value':[1,2,3]}"));
        assertEquals("query.value: the first bound must not be greater than the second", error("{'field':'size','operator':'between','value':[5,1]}"));
        assertEquals("query.value: must be an ISO instant such as 2026-05-01T12:00:00Z or a date such as 2026-05-01, was 'yesterday'",
                error("{'field':'created_at','operator':'>','value':'yesterday'}"));
        assertEquals("query.value: must be an ISO instant such as 2026-05-01T12:00:00Z or a date such as 2026-05-01, was 12345",
                error("{'field':'created_at','operator':'>','value':12345}"));
        assertEquals("query.value[1]: must be an ISO instant or a date, was '2026-13-01'",
                error("{'field':'created_at','operator':'between','value':['2026-01-01','2026-13-01']}"));
        assertEquals("query.value: the first bound must not be later than the second",
                error("{'field':'created_at','operator':'between','value':['2026-02-01','2026-01-01']}"));
        assertEquals("query.value: must be true or false, was 'yes'", error("{'field':'vip','operator':'=','value':'yes'}"));
        assertEquals("query.value: 'is_present' takes no value; leave value out", error("{'field':'vip','operator':'is_present','value':true}"));
    }

    @Test
    void malformedGroupsAreNamed() {
        assertTrue(error("5").startsWith("query: must be an object: a condition"));
        assertEquals("query.and: must be a non-empty list of conditions and groups, was an empty list", error("{'and':[]}"));
        assertEquals("query.or: must be a non-empty list of conditions and groups, was an object", error("{'or':{'field':'name'}}"));
        assertEquals("query: a group has either 'and' or 'or', not both: nest one in the other",
                error("{'and':[{'field':'name','operator':'is_present'}],'or':[{'field':'name','operator':'is_present'}]}"));
        assertEquals("query.field: unexpected in a group: a group is {\"and\": [...]} or {\"or\": [...]} alone",
                error("{'and':[{'field':'name','operator':'is_present'}],'field':'name'}"));
        assertEquals("query.and[0].valeu: unknown key; a condition has field, operator and value (a group has and or or)",
                error("{'and':[{'field':'name','operator':'=','valeu':'a','value':'a'}]}"));
        assertTrue(error("{'and':['x']}").startsWith("query.and[0]: must be an object"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> e = errors("{'or':[{'field':'nope','operator':'=','value':'a'},{'field':'size','operator':'>','value':'x'},"
                + "{'and':[{'field':'name','operator':'~','value':'a'}]}]}");
        assertEquals(List.of("query.or[0].field: unknown field 'nope'", "query.or[1].value: must be a number for '>', was 'x'",
                "query.or[2].and[0].operator: unknown operator '~'; operators are " + Op.all()), e);
    }

    @Test
    void depthAndSizeAreLimited() {
        String q = "{'field':'name','operator':'is_present'}";
        for (int i = 0; i < QueryParser.MAX_DEPTH; i++) {
            q = "{'and':[" + q + "]}";
        }
        assertNotNull(parse(q), "10 levels of groups are fine");
        String deeper = "{'or':[" + q + "]}";
        assertTrue(error(deeper).endsWith("groups nest at most 10 deep"), error(deeper));
        StringBuilder many = new StringBuilder("{'or':[");
        for (int i = 0; i <= QueryParser.MAX_CONDITIONS; i++) {
            many.append(i > 0 ? "," : "").append("{'field':'name','operator':'=','value':'n").append(i).append("'}");
        }
        assertEquals("query: has more than 100 conditions", error(many.append("]}").toString()));
    }

    @Test
    void theBodyIsChecked() {
        QueryParser.Request r = QueryParser.body(Json.object("{'query':{'field':'name','operator':'is_present'},'sort':{'field':'size','order':'desc'},'limit':10,'cursor':'abc'}"), SCHEMA);
        assertEquals("size", r.sortField);
        assertTrue(r.descending);
        assertEquals(10, r.limit);
        assertEquals("abc", r.cursor);
        QueryParser.Request d = QueryParser.body(Map.of(), SCHEMA);
        assertNull(d.query);
        assertNull(d.sortField, "newest first");
        assertEquals(50, d.limit);
        QueryParser.Request newest = QueryParser.body(Json.object("{'sort':{'field':'created_at','order':'desc'}}"), SCHEMA);
        assertNull(newest.sortField);
        QueryParser.Request oldest = QueryParser.body(Json.object("{'sort':{'field':'created_at'}}"), SCHEMA);
        assertEquals("created_at", oldest.sortField, "order defaults to asc");
        assertTrue(!oldest.descending);

        assertEquals(List.of("filter: unknown field; a search body has cursor, fields, limit, query, sort"), bodyErrors("{'filter':{}}"));
        assertEquals(List.of("limit: must be a whole number between 1 and 200, was 0"), bodyErrors("{'limit':0}"));
        assertEquals(List.of("limit: must be a whole number between 1 and 200, was 201"), bodyErrors("{'limit':201}"));
        assertEquals(List.of("limit: must be a whole number between 1 and 200, was '5'"), bodyErrors("{'limit':'5'}"));
        assertEquals(List.of("cursor: must be a string: the next_cursor of the previous page, was a number"), bodyErrors("{'cursor':5}"));
        assertEquals(List.of("sort: must be an object such as {\"field\": \"created_at\", \"order\": \"desc\"}, was a string"), bodyErrors("{'sort':'name'}"));
        assertEquals(List.of("sort.order: must be 'asc' or 'desc', was 'up'"), bodyErrors("{'sort':{'field':'name','order':'up'}}"));
        assertEquals(List.of("sort.field: is required: the field to sort by"), bodyErrors("{'sort':{'order':'asc'}}"));
        assertEquals(List.of("sort.field: unknown field 'nope'"), bodyErrors("{'sort':{'field':'nope'}}"));
        assertEquals(List.of("sort.field: 'emails' holds several values (TEXT_LIST) and does not sort; sort by a single-valued field"),
                bodyErrors("{'sort':{'field':'emails'}}"));
        assertEquals(List.of("sort.by: unknown field; a sort has field and order"), bodyErrors("{'sort':{'field':'name','by':1}}"));
        assertEquals(List.of("query.field: unknown field 'nope'", "limit: must be a whole number between 1 and 200, was 0"),
                bodyErrors("{'query':{'field':'nope','operator':'=','value':'a'},'limit':0}"));
    }
}
