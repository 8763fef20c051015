package io.rapport.conversations.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/** Who a handle on a channel is: the key makes it unique, so two first messages at once find one person. */
@Entity
@IdClass(IdentityEntity.Key.class)
@Table(name = "CONVERSATIONS_IDENTITY", indexes = @Index(name = "CONVERSATIONS_IDENTITY_PERSON", columnList = "PERSON_ID"))
public class IdentityEntity {
    @Id
    @Column(name = "CHANNEL", length = 64)
    public String channel;

    @Id
    @Column(name = "HANDLE", length = InboxImpl.MAX_HANDLE)
    public String handle;

    @Column(name = "PERSON_ID", length = 40, nullable = false)
    public String personId;

    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String channel;
        public String handle;

        public Key() {
        }

        public Key(String channel, String handle) {
            this.channel = channel;
            this.handle = handle;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(channel, ((Key) o).channel) && Objects.equals(handle, ((Key) o).handle);
        }

        @Override
        public int hashCode() {
            return Objects.hash(channel, handle);
        }
    }
}
