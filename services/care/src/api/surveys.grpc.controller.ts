import {
  type ListCustomerSurveysRequest,
  type ListCustomerSurveysResponse,
  type RecordSurveyAnswerRequest,
  type RecordSurveyAnswerResponse,
  type StartNpsRoundRequest,
  type StartNpsRoundResponse,
  type SurveysServiceController,
  SurveysServiceControllerMethods,
} from '@cs/contracts/cs/care/v1/surveys_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ListCustomerSurveysHandler } from '../application/list-customer-surveys.handler.js';
import { RecordSurveyAnswerHandler } from '../application/record-survey-answer.handler.js';
import { StartNpsRoundHandler } from '../application/start-nps-round.handler.js';

/** cs.care.v1.SurveysService: translation only. */
@Controller()
@SurveysServiceControllerMethods()
export class SurveysGrpcController implements SurveysServiceController {
  constructor(
    private readonly list: ListCustomerSurveysHandler,
    private readonly recordAnswer: RecordSurveyAnswerHandler,
    private readonly startNps: StartNpsRoundHandler,
  ) {}

  listCustomerSurveys(request: ListCustomerSurveysRequest): Promise<ListCustomerSurveysResponse> {
    return this.list.execute(request);
  }

  recordSurveyAnswer(request: RecordSurveyAnswerRequest, metadata: Metadata): Promise<RecordSurveyAnswerResponse> {
    return this.recordAnswer.execute(withIdempotencyKey(request, metadata));
  }

  startNpsRound(request: StartNpsRoundRequest, metadata: Metadata): Promise<StartNpsRoundResponse> {
    return this.startNps.execute(withIdempotencyKey(request, metadata));
  }
}
