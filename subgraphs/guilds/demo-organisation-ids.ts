/** The ids of the demo's chambers and group that the demo's members, meetings and provenance all name. */
export const FARS_CHAMBER = 'guilds:fars-chamber';
export const MARKETS_GROUP = 'guilds:metropolitan-markets-group';
export const CASABLANCA_SETTAT_CHAMBER = 'guilds:casablanca-settat-chamber';
