import { afterAll, describe, it } from "vitest";
import { stopAllWorkers } from "./harness";
import { killWorkerDuringStorm } from "./worker-killed";

afterAll(stopAllWorkers);

describe("a worker killed mid-storm", () => {
  it("loses none of 10,000 deliveries once a new worker starts", () => killWorkerDuringStorm(10_000, 600_000), 900_000);
});
