package io.rapport.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FrontPartsTest {
    @Test
    void mediaTypesAreCheckedByTheirGrammar() {
        for (String good : List.of("application/json", "application/json; charset=utf-8", "application/merge-patch+json",
                "text/csv;charset=\"utf-8\"", "multipart/form-data; boundary=x", "application/json;", "a/b; x=\"q\\\"uoted\"")) {
            assertTrue(MediaTypeSyntax.valid(good), good);
        }
        for (String bad : List.of("x; charset=\"", "/////", "application", "application/", "/json", "application/json; =x",
                "application/json; x", "\u00e9/x", "a/b; x=\"unclosed", "", "a/b c")) {
            assertFalse(MediaTypeSyntax.valid(bad), bad);
        }
    }

    @Test
    void queryStringsMustBePercentEncodedUtf8() {
        for (String good : List.of("a=1&b=2", "email=ada%40example.com", "q=%C3%BC", "q=%F0%9F%98%80", "", "a", "q=%e2%82%ac")) {
            assertTrue(QueryEncoding.valid(good), good);
        }
        for (String bad : List.of("a=%ZZ", "a=%", "a=%4", "a=%C0%BC", "a=%ED%A0%80", "a=%FF", "a=%C3")) {
            assertFalse(QueryEncoding.valid(bad), bad);
        }
    }

    @Test
    void failedAuthenticationsAreThrottledPerAddressAndComeBack() throws Exception {
        AuthThrottle throttle = new AuthThrottle(3, 600); // 10 a second after the burst
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
            throttle.failed("10.0.0.1");
        }
        assertEquals(1, throttle.retryAfterSeconds("10.0.0.1"), "the burst is used up");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2"), "per address");
        Thread.sleep(150);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "one more try after a tenth of a second");
    }

    @Test
    void throttledAddressesAreBounded() {
        AuthThrottle throttle = new AuthThrottle(1, 1);
        for (int i = 0; i < AuthThrottle.MAX_ADDRESSES * 2; i++) {
            throttle.failed("addr-" + i);
        }
        int tracked = 0;
        for (int i = 0; i < AuthThrottle.MAX_ADDRESSES * 2; i++) {
            if (throttle.retryAfterSeconds("addr-" + i) > 0) {
                tracked++;
            }
        }
        assertTrue(tracked <= AuthThrottle.MAX_ADDRESSES, tracked + " addresses tracked");
    }

    @Test
    void routeTemplatesMatchAsJaxrsDoes() {
        assertTrue(Routes.template("/people/{id}").matcher("/people/per_1").matches());
        assertTrue(Routes.template("people/{id}").matcher("/people/per_1/").matches());
        assertFalse(Routes.template("/people/{id}").matcher("/people/per_1/tags").matches());
        assertTrue(Routes.template("/attributes/{model}/{key}").matcher("/attributes/person/plan").matches());
        assertTrue(Routes.template("/x/{n: [0-9]+}").matcher("/x/42").matches());
        assertFalse(Routes.template("/x/{n: [0-9]+}").matcher("/x/a").matches());
        assertTrue(Routes.template("/a.b/{id}").matcher("/a.b/1").matches());
        assertFalse(Routes.template("/a.b/{id}").matcher("/axb/1").matches(), "literal parts are literal");
    }
}
