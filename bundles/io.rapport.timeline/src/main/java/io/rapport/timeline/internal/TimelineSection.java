package io.rapport.timeline.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.platform.api.ProfileSection;
import io.rapport.timeline.api.Timeline;

/** The {@code timeline} section of a profile: its 20 newest entries (the full list is paged at /timeline). */
@Component(property = { ProfileSection.NAME + "=timeline", ProfileSection.MODELS + "=person", ProfileSection.MODELS + "=company" })
public class TimelineSection implements ProfileSection {
    private final Timeline timeline;

    @Activate
    public TimelineSection(@Reference Timeline timeline) {
        this.timeline = timeline;
    }

    @Override
    public Object read(String model, String subjectId) {
        return timeline.entries(model, subjectId, java.util.Set.of(), null, 20).data;
    }
}
