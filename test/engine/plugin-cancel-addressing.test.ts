import { PLUGIN } from "./front-doors";
import { cancelAddressingSuite } from "./suites/cancel-addressing-suite";

cancelAddressingSuite(PLUGIN);
