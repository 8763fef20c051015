// A company's profile: details (edited inline, with If-Match and a side-by-side view when someone else saved
// first), insights over its people's conversations, its people, custom attributes, tags, segments, notes and
// the activity timeline, all following the change stream.
import { define, html } from '../lib.js';
import { ProfilePage } from './profile/page.js';
import './profile/insights.js';

class RpCompany extends ProfilePage {
  get model() {
    return 'company';
  }

  subline(c) {
    return [c.domain, c.industry].filter(Boolean).join(' · ');
  }

  affected(change) {
    const id = this.subjectId;
    const t = change.topic || '';
    const out = new Set();
    const member = this.card('rp-profile-links')?.has(change.subject_id);
    if (change.subject_id === id) {
      out.add('timeline');
      if (t.endsWith('/LINKED') || t.endsWith('/UNLINKED') || t.endsWith('/PERSON_DELETED')) {
        out.add('links');
        out.add('insights');
      } else if (t.startsWith('rapport/companies/') || t.startsWith('rapport/attributes/')) out.add('subject');
      else if (t.startsWith('rapport/tags/')) out.add('tags');
      else if (t.startsWith('rapport/notes/')) out.add('notes');
      else if (t.startsWith('rapport/segments/')) out.add('segments');
    }
    // one of its people was renamed or deleted, or their conversations changed
    if (member && change.subject_id !== id) {
      if (t === 'rapport/people/UPDATED' || t === 'rapport/people/DELETED') out.add('links');
      if (t.startsWith('rapport/conversations/') || t === 'rapport/people/DELETED') out.add('insights');
    }
    return [...out];
  }

  layout(c) {
    const id = c.id;
    return html`
      <div class="profile-col">
        <rp-profile-details model="company" .subject=${c} .etag=${this.etag}></rp-profile-details>
        <rp-profile-tags model="company" .subjectId=${id}></rp-profile-tags>
        <rp-profile-links model="company" .subjectId=${id}></rp-profile-links>
        <rp-profile-attributes model="company" .subjectId=${id} .values=${c.attributes || {}} .status=${c.attribute_status || {}}></rp-profile-attributes>
        <rp-profile-segments model="company" .subjectId=${id}></rp-profile-segments>
      </div>
      <div class="profile-col">
        <rp-company-insights .companyId=${id}></rp-company-insights>
        <rp-profile-notes model="company" .subjectId=${id} .user=${this.user}></rp-profile-notes>
        <rp-profile-timeline model="company" .subjectId=${id}></rp-profile-timeline>
      </div>`;
  }
}

define('rp-company', RpCompany);
