import { DYNAMIC } from "../engine/front-doors";
import { faultMatrixSuite } from "../engine/suites/fault-matrix-suite";

faultMatrixSuite(DYNAMIC);
