export * from './accounts.module';
export * from './entities/annex.entity';
export * from './entities/neighbourhood.entity';
export * from './entities/citizen.entity';
export * from './entities/staff.entity';
export * from './entities/counter.entity';
export * from './auth/passwords';
export * from './auth/token.service';
export { CODE_TTL_MS, OneTimeCodes } from './register/one-time-codes';
export { IsCin, IsMobileE164, IsMoroccanMobile, IsPhoneE164 } from './dto/validators';
export * from './privacy/retention.job';
export * from './privacy/retention-policy';
// What the API's one /me controller (apps/api/src/me.controller.ts) serves.
export { MeService } from './me.service';
export { CitizensService } from './register/citizens.service';
export { SecondFactor } from './auth/second-factor';
export { DependentsService } from './family/dependents.service';
export { MandatesService } from './family/mandates.service';
export { PrivacyService } from './privacy/privacy.service';
export { DataExportService, ExportQuery } from './privacy/data-export.service';
export { AccessEventDto } from './dto/access-event.dto';
export { CitizenChangeDto, CitizenDto, ProfilePatch } from './dto/citizen.dto';
export { MeDto } from './dto/me.dto';
export { RecoveryCodesDto, SecondFactorStatusDto, TotpCodeDto, TotpEnrolmentDto } from './dto/second-factor.dto';
export {
  DependentAccountInput,
  DependentDto,
  DependentInput,
  MandateAskedDto,
  MandateAskInput,
  MandateConfirmInput,
  MandateDto,
  MandateGrantInput,
  MandateStartedDto,
} from './family/dto/family.dto';
