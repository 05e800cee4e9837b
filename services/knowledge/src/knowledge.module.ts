import { Module } from '@nestjs/common';

/** Its use cases arrive with the issue that implements this desk; until then it serves health, metrics and reflection. */
@Module({})
export class KnowledgeModule {}
