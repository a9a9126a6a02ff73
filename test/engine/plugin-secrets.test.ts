import { PLUGIN } from "./front-doors";
import { secretsSuite } from "./suites/secrets-suite";

secretsSuite(PLUGIN);
