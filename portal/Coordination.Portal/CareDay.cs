using Coordination.ServiceDefaults;

namespace Coordination.Portal;

/// <summary>
/// Today as the platform's services count it: Amsterdam's date on the same clock (shifted by
/// <c>Clock:StartsAt</c> in Development, as theirs are), for what a page offers or marks by date.
/// Sessions and the tokens the portal issues keep the system clock, which the browser and the
/// session cache also use.
/// </summary>
public sealed class CareDay(TimeProvider clock)
{
    public DateOnly Today => AmsterdamTime.Today(clock);
}
