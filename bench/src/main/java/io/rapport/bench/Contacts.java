package io.rapport.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The generated data set: contact {@code i} is the same on every run with the same seed, so the search
 * suite matches comparable fractions at any size and the Derby ceiling stores exactly what is imported.
 */
final class Contacts {
    static final int TAGS = 100;
    static final String[] PLANS = { "free", "basic", "pro", "enterprise" };
    static final String[] INDUSTRIES = { "Software", "Retail", "Manufacturing", "Healthcare", "Finance", "Education",
            "Logistics", "Media", "Energy", "Telecom", "Travel", "Insurance", "Construction", "Food", "Gaming",
            "Legal", "Real estate", "Automotive", "Agriculture", "Nonprofit" };
    private static final String[] FIRST = { "Ada", "Alan", "Grace", "Linus", "Maria", "Mark", "Martin", "Marta",
            "Noah", "Olivia", "Liam", "Emma", "Lucas", "Mia", "Ethan", "Sofia", "Hugo", "Chloe", "Felix", "Lea",
            "Omar", "Yara", "Ken", "Aiko", "Ravi", "Priya", "Chen", "Mei", "Diego", "Lucia", "Ivan", "Olga",
            "Sam", "Zoe", "Tom", "Nina", "Paul", "Ines", "Jon", "Sara", "Ali", "Hana", "Leo", "Ana", "Max",
            "Eva", "Ben", "Ida", "Kai", "Mila" };
    private static final String[] LAST = { "Lovelace", "Turing", "Hopper", "Torvalds", "Curie", "Smith", "Garcia",
            "Muller", "Rossi", "Dubois", "Silva", "Kowalski", "Nguyen", "Kim", "Tanaka", "Patel", "Khan", "Cohen",
            "Jensen", "Novak", "Horvat", "Popescu", "Ivanova", "Larsen", "Berg", "Costa", "Moreau", "Weber",
            "Fischer", "Schmidt", "Okafor", "Mensah", "Haddad", "Yilmaz", "Demir", "Sato", "Wang", "Li", "Zhang",
            "Lopez", "Martin", "Bernard", "Petit", "Richard", "Durand", "Leroy", "Roux", "Fontaine", "Girard",
            "Bonnet" };
    private static final String[] DOMAIN_WORDS = { "acme", "globex", "initech", "umbrella", "northwind", "contoso",
            "fabrikam", "hooli", "vandelay", "stark", "wayne", "tyrell", "cyberdyne", "soylent", "wonka", "oscorp",
            "aperture", "monarch", "gringotts", "duff", "krusty", "pied", "dunder", "bluth", "prestige" };
    private static final String[] CITIES = { "London", "Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Dublin",
            "Vienna", "Prague", "Warsaw", "Oslo", "Helsinki", "Athens", "Zurich", "Brussels", "Amsterdam",
            "New York", "Toronto", "Austin", "Seattle", "Tokyo", "Seoul", "Sydney", "Mumbai", "Nairobi" };
    private static final String[] COUNTRIES = { "GB", "FR", "DE", "ES", "IT", "PT", "IE", "AT", "CZ", "PL", "NO",
            "FI", "GR", "CH", "BE", "NL", "US", "CA", "US", "US", "JP", "KR", "AU", "IN", "KE" };

    final long seed;
    final int count;

    Contacts(long seed, int count) {
        this.seed = seed;
        this.count = count;
    }

    int companies() {
        return Math.max(1, count / 50);
    }

    static String tagName(int t) {
        return String.format(Locale.ROOT, "tag-%02d", t);
    }

    /** One contact. */
    static final class Contact {
        int index;
        String name;
        final List<String> emails = new ArrayList<>(2);
        String phone;
        String externalId;
        String city;
        String country;
        final int[] tags = new int[3];
        String plan;
        int seats;
        /** The company it is linked to, or -1 (80% of contacts). */
        int company = -1;
    }

    Contact contact(int i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        Contact c = new Contact();
        c.index = i;
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        c.name = first + " " + last;
        String word = DOMAIN_WORDS[r.nextInt(DOMAIN_WORDS.length)];
        c.emails.add((first + "." + last + "." + i + "@" + word + (i % 97) + ".example.com").toLowerCase(Locale.ROOT));
        if (r.nextInt(10) < 3) {
            c.emails.add((first + i + "@mail" + (i % 13) + ".example.org").toLowerCase(Locale.ROOT));
        }
        c.phone = String.format(Locale.ROOT, "+1415%07d", i % 10_000_000);
        c.externalId = "bench-" + i;
        int city = r.nextInt(CITIES.length);
        c.city = CITIES[city];
        c.country = COUNTRIES[city];
        c.tags[0] = r.nextInt(TAGS);
        do {
            c.tags[1] = r.nextInt(TAGS);
        } while (c.tags[1] == c.tags[0]);
        do {
            c.tags[2] = r.nextInt(TAGS);
        } while (c.tags[2] == c.tags[0] || c.tags[2] == c.tags[1]);
        int p = r.nextInt(100);
        c.plan = p < 50 ? PLANS[0] : p < 80 ? PLANS[1] : p < 95 ? PLANS[2] : PLANS[3];
        c.seats = 1 + r.nextInt(500);
        if (i % 5 == 0) {
            c.company = r.nextInt(companies());
        }
        return c;
    }

    /** The import row: {"name","emails","phones","external_id","location","tags","attributes"}. */
    Map<String, Object> importRow(Contact c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", c.name);
        row.put("emails", c.emails);
        row.put("phones", List.of(c.phone));
        row.put("external_id", c.externalId);
        row.put("location", Map.of("city", c.city, "country", c.country));
        row.put("tags", List.of(tagName(c.tags[0]), tagName(c.tags[1]), tagName(c.tags[2])));
        row.put("attributes", Map.of("plan", c.plan, "seats", c.seats));
        return row;
    }

    Map<String, Object> company(int j) {
        Map<String, Object> company = new LinkedHashMap<>();
        company.put("name", "Company " + j);
        company.put("domain", "company-" + j + ".example.com");
        company.put("industry", INDUSTRIES[j % INDUSTRIES.length]);
        company.put("size", 10 + (j * 37) % 5000);
        company.put("external_id", "bench-company-" + j);
        return company;
    }

    /** The document the bare Jetty ceiling answers when no real person was read: a person as GET answers it. */
    Map<String, Object> personDocument(Contact c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "per_k3jz8q2mx7wbn4hdt5ra");
        doc.put("name", c.name);
        doc.put("emails", c.emails);
        doc.put("phones", List.of(c.phone));
        doc.put("avatar_url", null);
        doc.put("external_id", c.externalId);
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("city", c.city);
        location.put("region", null);
        location.put("country", c.country);
        doc.put("location", location);
        doc.put("created_at", "2026-11-22T09:14:03.512347Z");
        doc.put("updated_at", "2026-11-22T09:14:03.512347Z");
        doc.put("attributes", Map.of("plan", c.plan, "seats", c.seats));
        doc.put("attribute_status", Map.of());
        return doc;
    }
}
