// Reads one iCalendar text on stdin with ical.js and prints what a calendar program would take
// from it, as JSON: the method, and per VEVENT its UID, SEQUENCE, start (UTC and its TZID),
// organiser and attendees with role and answer, and the time zones the file defines.
import ICAL from "ical.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;
const root = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const start = vevent.getFirstProperty("dtstart");
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status"),
    startUtc: event.startDate.toJSDate().toISOString(),
    startTzid: start.getParameter("tzid") ?? null,
    organizer: vevent.getFirstPropertyValue("organizer"),
    attendees: event.attendees.map((a) => ({
      address: a.getFirstValue(),
      name: a.getParameter("cn"),
      role: a.getParameter("role"),
      partstat: a.getParameter("partstat"),
    })),
  };
});
console.log(JSON.stringify({
  method: root.getFirstPropertyValue("method"),
  timezones: root.getAllSubcomponents("vtimezone").map((t) => t.getFirstPropertyValue("tzid")),
  events,
}));
