package io.rapport.notes.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.notes.api.NotesService;
import io.rapport.platform.api.ProfileSection;

/** The {@code notes} section of person and company profiles: the newest notes and how many there are. */
@Component(property = { ProfileSection.NAME + "=notes", ProfileSection.MODELS + "=person", ProfileSection.MODELS + "=company" })
public class NotesSection implements ProfileSection {
    static final int NEWEST = 20;

    // Dynamic: the notes service needs the people and companies services, and sections are bound by
    // whoever assembles profiles.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile NotesService notes;

    /** {@code {"data": [the 20 newest notes], "total": n}}. */
    @Override
    public Object read(String model, String subjectId) {
        NotesService notes = this.notes;
        if (notes == null) {
            throw new IllegalStateException("the notes service is not active yet");
        }
        List<Map<String, Object>> newest = notes.list(model, subjectId, null, NEWEST).data.stream().map(NoteJson::write)
                .collect(Collectors.toList());
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("data", newest);
        section.put("total", newest.size() < NEWEST ? newest.size() : notes.count(model, subjectId));
        return section;
    }
}
