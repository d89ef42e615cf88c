// What other modules may use of the risk module: the score type they may show and the bands they speak of.
export { RiskScoreView } from './risk.type';
export { RiskBand } from './risk.model-spec';
