package io.rapport.timeline.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.people.api.PeopleService;
import io.rapport.platform.api.Models;
import io.rapport.platform.errors.DomainException;

/** Whether a person or company exists, asked of its bundle when that bundle is running. */
@Component(service = Subjects.class)
public class Subjects {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PeopleService people;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CompaniesService companies;

    /** "people" or "companies" from a path, as a model. */
    static String model(String collection) {
        return "people".equals(collection) ? Models.PERSON : Models.COMPANY;
    }

    /**
     * A 404 when the profile does not exist. When {@code required} and its bundle is not running, a 503;
     * otherwise (reading a timeline) an absent bundle is no reason to refuse.
     */
    void check(String model, String id, boolean required) {
        Optional<Boolean> exists;
        if (Models.PERSON.equals(model)) {
            PeopleService p = people;
            exists = p == null ? Optional.empty() : Optional.of(p.get(id).isPresent());
        } else {
            CompaniesService c = companies;
            exists = c == null ? Optional.empty() : Optional.of(c.get(id).isPresent());
        }
        if (exists.isEmpty() && required) {
            throw new UnavailableException("The " + (Models.PERSON.equals(model) ? "io.rapport.people" : "io.rapport.companies")
                    + " bundle is not running, so the " + model + " cannot be checked; try again later.");
        }
        if (exists.isPresent() && !exists.get()) {
            throw new NotFoundException(model, id);
        }
    }
}
