package io.rapport.conversations.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rapport.conversations.api.Channel;
import io.rapport.conversations.api.CompanyInsights;
import io.rapport.conversations.api.Conversation;
import io.rapport.conversations.api.Message;

/** The JSON object forms the API shows (snake_case, ISO 8601 instants). */
final class ConversationJson {
    private ConversationJson() {
    }

    static Map<String, Object> write(Conversation c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("person_id", c.personId);
        m.put("channel", c.channel);
        m.put("subject", c.subject);
        m.put("thread_key", c.threadKey);
        m.put("state", c.state);
        m.put("ticket", c.ticket);
        m.put("created_at", str(c.createdAt));
        m.put("updated_at", str(c.updatedAt));
        m.put("closed_at", str(c.closedAt));
        m.put("first_response_at", str(c.firstResponseAt));
        m.put("message_count", c.messageCount);
        m.put("last_message_at", str(c.lastMessageAt));
        m.put("last_message_excerpt", c.lastExcerpt);
        if (c.messages != null) {
            List<Map<String, Object>> messages = new ArrayList<>();
            c.messages.forEach(message -> messages.add(write(message)));
            m.put("messages", messages);
        }
        return m;
    }

    static Map<String, Object> write(Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msg.id);
        m.put("conversation_id", msg.conversationId);
        m.put("direction", msg.direction);
        m.put("text", msg.text);
        m.put("sent_at", str(msg.sentAt));
        m.put("author", msg.author);
        m.put("channel_message_id", msg.channelMessageId);
        if (msg.deliveryStatus == null) {
            m.put("delivery", null);
        } else {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", msg.deliveryStatus);
            d.put("error", msg.deliveryError);
            m.put("delivery", d);
        }
        return m;
    }

    static Map<String, Object> write(Channel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", c.channel);
        m.put("label", c.label);
        m.put("can_send", c.canSend);
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("symbolic_name", c.pluginSymbolicName);
        plugin.put("version", c.pluginVersion);
        plugin.put("bundle_id", c.pluginBundleId);
        m.put("plugin", plugin);
        m.put("status", c.status);
        m.put("status_message", c.statusMessage);
        return m;
    }

    static Map<String, Object> write(CompanyInsights i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("company_id", i.companyId);
        m.put("from", str(i.from));
        m.put("to", str(i.to));
        m.put("people", i.people);
        m.put("conversations", i.conversations);
        m.put("open_conversations", i.openConversations);
        m.put("tickets", i.tickets);
        m.put("open_tickets", i.openTickets);
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (CompanyInsights.WeekCount w : i.ticketsPerWeek) {
            Map<String, Object> week = new LinkedHashMap<>();
            week.put("week_start", w.weekStart.toString());
            week.put("count", w.count);
            weeks.add(week);
        }
        m.put("tickets_per_week", weeks);
        m.put("median_first_response_seconds", i.medianFirstResponseSeconds);
        m.put("median_resolution_seconds", i.medianResolutionSeconds);
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
