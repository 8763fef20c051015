package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;

public class PeopleServiceIT {
    @InjectService(timeout = 10000)
    PeopleService people;

    @Test
    void createsAndReadsAPerson() {
        PersonData d = new PersonData();
        d.name = "Ada";
        d.emails = List.of("ADA@Example.com");
        Person p = people.create(d, "test");
        assertEquals(List.of("ada@example.com"), people.get(p.id).orElseThrow().emails);
    }
}
