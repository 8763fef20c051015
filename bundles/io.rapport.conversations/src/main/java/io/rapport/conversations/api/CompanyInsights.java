package io.rapport.conversations.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Conversation figures over a company's people for a period: counts are of conversations opened in
 * the period (by its people as they are linked now); "open" means still open now.
 */
public class CompanyInsights {
    public String companyId;
    public Instant from;
    public Instant to;
    public int people;
    public long conversations;
    public long openConversations;
    public long tickets;
    public long openTickets;
    /** Every ISO week (Monday, UTC) that overlaps the period, oldest first, with the tickets opened in it. */
    public List<WeekCount> ticketsPerWeek;
    /** Over the period's conversations with a reply; null when none. */
    public Double medianFirstResponseSeconds;
    /** Over the period's closed tickets, from opening to closing; null when none. */
    public Double medianResolutionSeconds;

    public static class WeekCount {
        public LocalDate weekStart;
        public long count;

        public WeekCount() {
        }

        public WeekCount(LocalDate weekStart, long count) {
            this.weekStart = weekStart;
            this.count = count;
        }
    }
}
