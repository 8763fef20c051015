package io.rapport.companies.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.platform.errors.UnavailableException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Membership;
import io.rapport.people.api.PeopleService;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileSection;

/**
 * The {@code people} section of a company's profile: the {@value #SHOWN} most recently linked people
 * ({@code id}, {@code name}, {@code emails}) and how many there are in all.
 */
@Component(property = { ProfileSection.NAME + "=people", ProfileSection.MODELS + "=company" })
public class CompanyPeopleSection implements ProfileSection {
    static final int SHOWN = 50;

    private final CompaniesService companies;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PeopleService people;

    @Activate
    public CompanyPeopleSection(@Reference CompaniesService companies) {
        this.companies = companies;
    }

    @Override
    public Object read(String model, String companyId) {
        PeopleService ps = people;
        if (ps == null) {
            throw new UnavailableException("the io.rapport.people bundle, which provides the people's names, is not running");
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Membership m : companies.peopleOf(companyId, null, SHOWN).data) {
            ps.get(m.personId).ifPresent(p -> {
                Map<String, Object> person = new LinkedHashMap<>();
                person.put("id", p.id);
                person.put("name", p.name);
                person.put("emails", p.emails);
                data.add(person);
            });
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("total", companies.peopleCount(companyId));
        section.put("data", data);
        return section;
    }
}
