import { createMemoryStore } from "../../src/store/memory-store.ts";
import { describeStateStoreContract } from "./contract.ts";

describeStateStoreContract("memory", async (opts) => createMemoryStore(opts));
