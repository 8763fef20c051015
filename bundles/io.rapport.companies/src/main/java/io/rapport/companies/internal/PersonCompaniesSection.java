package io.rapport.companies.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.platform.api.ProfileSection;

/** The {@code companies} section of a person's profile: {@code {"total": n, "data": [company, ...]}}. */
@Component(property = { ProfileSection.NAME + "=companies", ProfileSection.MODELS + "=person" })
public class PersonCompaniesSection implements ProfileSection {
    private final CompaniesService companies;

    @Activate
    public PersonCompaniesSection(@Reference CompaniesService companies) {
        this.companies = companies;
    }

    @Override
    public Object read(String model, String personId) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (Company c : companies.companiesOf(personId)) {
            data.add(CompanyJson.write(c));
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("total", data.size());
        section.put("data", data);
        return section;
    }
}
