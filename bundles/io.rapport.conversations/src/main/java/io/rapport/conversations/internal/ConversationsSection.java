package io.rapport.conversations.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.conversations.api.ConversationsService;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.ProfileSection;

/** The {@code conversations} section of person profiles: how many, how many open, and the newest five. */
@Component(property = { ProfileSection.NAME + "=conversations", ProfileSection.MODELS + "=person" })
public class ConversationsSection implements ProfileSection {
    static final int NEWEST = 5;

    // Dynamic: the conversations service needs the people and companies services, and sections are bound
    // by whoever assembles profiles.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConversationsService conversations;

    /** {@code {"total": n, "open": n, "data": [the 5 newest, without messages]}}. */
    @Override
    public Object read(String model, String subjectId) {
        ConversationsService conversations = this.conversations;
        if (conversations == null) {
            throw new IllegalStateException("the conversations service is not active yet");
        }
        if (!Models.PERSON.equals(model)) {
            return Map.of();
        }
        long[] counts = conversations.count(subjectId);
        List<Map<String, Object>> newest = counts[0] == 0 ? List.of()
                : conversations.listForPerson(subjectId, null, NEWEST).data.stream().map(ConversationJson::write).collect(Collectors.toList());
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("total", counts[0]);
        section.put("open", counts[1]);
        section.put("data", newest);
        return section;
    }
}
