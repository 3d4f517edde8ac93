/**
 * The only two IPC channels between the desktop window and the main process. Every API channel travels inside
 * CLINIC_CALL (the router decides what it means), so the surface a compromised page could reach stays this small.
 */
export const CLINIC_CALL = "clinic:call";
export const EVENTS_APPENDED = "clinic:events-appended";
