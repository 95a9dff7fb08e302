// What enabling, disabling and deleting do, said the same way on an endpoint's page and for
// several endpoints chosen on the list.

export type EndpointOperation = "enable" | "disable" | "delete";

export const CONSEQUENCES: Record<EndpointOperation, { one: string; several: string }> = {
  enable: {
    one: "It receives the events published from now on. Deliveries skipped while it was disabled stay skipped; Recover, on its page, sends them again.",
    several:
      "They receive the events published from now on. Deliveries skipped while they were disabled stay skipped; Recover, on each endpoint's page, sends them again.",
  },
  disable: {
    one: "While disabled, it receives nothing: events published meanwhile are not sent to it, and deliveries waiting for a retry are skipped. Enabling it again does not send those; Recover, on its page, does.",
    several:
      "While disabled, they receive nothing: events published meanwhile are not sent to them, and deliveries waiting for a retry are skipped. Enabling them again does not send those; Recover, on each endpoint's page, does.",
  },
  delete: {
    one: "Its delivery history goes with it, deliveries waiting for a retry stop, and its signing secret is gone for good. This cannot be undone.",
    several: "Their delivery history goes with them, deliveries waiting for a retry stop, and their signing secrets are gone for good. This cannot be undone.",
  },
};
