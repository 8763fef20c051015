// A person's profile: details (edited inline, with If-Match and a side-by-side view when someone else saved
// first), custom attributes, tags, companies, segments, conversations with their threads, notes and the
// activity timeline, all following the change stream.
import { define, html } from '../lib.js';
import { place } from '../ui.js';
import { ProfilePage } from './profile/page.js';
import { displayName } from './profile/common.js';
import './profile/conversations.js';

class RpPerson extends ProfilePage {
  get model() {
    return 'person';
  }

  subline(p) {
    return [(p.emails || [])[0], place(p.location)].filter(Boolean).join(' · ');
  }

  affected(change) {
    const id = this.subjectId;
    const t = change.topic || '';
    const d = change.data || {};
    const out = new Set();
    if (change.subject_id === id) {
      out.add('timeline');
      if (t.startsWith('rapport/people/') || t.startsWith('rapport/attributes/')) out.add('subject');
      else if (t.startsWith('rapport/tags/')) out.add('tags');
      else if (t.startsWith('rapport/notes/')) out.add('notes');
      else if (t.startsWith('rapport/conversations/')) out.add('conversations');
      else if (t.startsWith('rapport/segments/')) out.add('segments');
      else if (t.startsWith('rapport/companies/')) out.add('links');
    }
    // links are changes of the company that name the person
    if (d.person_id === id && t.startsWith('rapport/companies/')) {
      out.add('links');
      out.add('timeline');
    }
    // one of the person's companies was renamed or deleted
    if (t.startsWith('rapport/companies/') && change.subject_id !== id && this.card('rp-profile-links')?.has(change.subject_id)
      && (t.endsWith('/UPDATED') || t.endsWith('/DELETED'))) {
      out.add('links');
    }
    return [...out];
  }

  layout(p) {
    const id = p.id;
    return html`
      <div class="profile-col">
        <rp-profile-details model="person" .subject=${p} .etag=${this.etag}></rp-profile-details>
        <rp-profile-tags model="person" .subjectId=${id}></rp-profile-tags>
        <rp-profile-links model="person" .subjectId=${id}></rp-profile-links>
        <rp-profile-attributes model="person" .subjectId=${id} .values=${p.attributes || {}} .status=${p.attribute_status || {}}></rp-profile-attributes>
        <rp-profile-segments model="person" .subjectId=${id}></rp-profile-segments>
      </div>
      <div class="profile-col">
        <rp-profile-conversations .personId=${id} .personName=${displayName(p, 'person')}></rp-profile-conversations>
        <rp-profile-notes model="person" .subjectId=${id} .user=${this.user}></rp-profile-notes>
        <rp-profile-timeline model="person" .subjectId=${id}></rp-profile-timeline>
      </div>`;
  }
}

define('rp-person', RpPerson);
