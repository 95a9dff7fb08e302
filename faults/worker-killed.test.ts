import { afterAll, describe, it } from "vitest";
import { stopAllWorkers } from "./harness";
import { killWorkerDuringStorm } from "./worker-killed";

afterAll(stopAllWorkers);

describe("a worker killed mid-storm", () => {
  it("loses none of 1,000 deliveries once a new worker starts", () => killWorkerDuringStorm(1_000, 120_000), 150_000);
});
