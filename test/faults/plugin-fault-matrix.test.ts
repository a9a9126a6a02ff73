import { PLUGIN } from "../engine/front-doors";
import { faultMatrixSuite } from "../engine/suites/fault-matrix-suite";

faultMatrixSuite(PLUGIN);
